"""Readers of the files migrate writes (plan, audit, drill evidence) and of the user's audit evidence."""
