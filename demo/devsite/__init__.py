"""A workbench site for the demo and the tests: our app, edx-submissions and a user service."""
