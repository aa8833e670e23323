/**
 * One JSON log line per request (a "wide event"): request id, method, path, status, duration and
 * the signed-in user's id — never bodies, query strings or personal data. The user id is noted by
 * getUser() (app/modules/auth/request-user.server.ts) and taken here when the request ends.
 */
import { REQUEST_ID_HEADER, takeRequestUser } from "~/modules/auth/request-user.server";
import { log } from "~/modules/log.server";

export { log, REQUEST_ID_HEADER, takeRequestUser };
