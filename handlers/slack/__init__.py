"""Slack: the bolt app (app.py), Block Kit rendering (render.py, mrkdwn.py), posting (poster.py) and the
dispatcher's publisher over it (publisher.py), the Web API client (client.py) and the two transports, HTTP
(web.py) and Socket Mode (socket_mode.py)."""
