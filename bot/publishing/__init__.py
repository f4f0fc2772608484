"""From stored articles to channels: stories (``stories``), digests (``digest``), watches (``alerts``),
schedules (``schedule``), the weekly chart (``charts``), and the poster loop that posts each at most once
(``poster_loop``) through a platform's ``Publisher`` (``publisher``)."""
