"""What every part of the core leans on and nothing of the core's own: the clock, logging, metrics."""
