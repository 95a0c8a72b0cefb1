"""Views for the response-time measurement: one slow call, handed off in different ways."""
