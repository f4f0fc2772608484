"""The terminal: the ``newsbot`` CLI's rendering of command results (render.py, rich), digests as Markdown
(markdown.py), every platform's digest form as text (formats.py), progress bars (progress.py) and a
publisher that prints what would be posted (publisher.py). The click commands live in ``handlers/cli.py``."""
