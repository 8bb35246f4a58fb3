from popquiz.cli import main

main()
