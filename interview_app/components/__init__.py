"""Small UI building blocks taking plain arguments."""
