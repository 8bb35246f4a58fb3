"""The hostile-input corpus (issue 7): adversarial banks and answers files, built at test time."""
