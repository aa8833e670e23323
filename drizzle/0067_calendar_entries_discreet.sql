-- Calendar entries (a session's .ics download, emailed invitations, moves, cancellations) discreet
-- or named, per person. Null = not chosen: discreet for participants, named for staff (worked out
-- per organisation when an entry is made), so every existing user keeps that default.
ALTER TABLE "users" ADD COLUMN "calendar_discreet" boolean;
