"""Background work: task functions, the runner that executes them and the scheduler."""
