-- GET never writes (issue 15): the feedback pages used to give an organisation its default rating
-- questions on first read. Organisations now get them when created; this gives them to every
-- existing organisation that has none (the same three questions as DEFAULT_QUESTIONS in
-- app/modules/voice/feedback.ts, in the same order).
INSERT INTO "feedback_questions" ("organization_id", "prompt", "position")
SELECT o."id", q."prompt", q."position"
FROM "organizations" o
CROSS JOIN (VALUES ('I felt heard', 0), ('The session was useful to me', 1), ('I felt safe in the group', 2)) AS q("prompt", "position")
WHERE NOT EXISTS (SELECT 1 FROM "feedback_questions" f WHERE f."organization_id" = o."id");
