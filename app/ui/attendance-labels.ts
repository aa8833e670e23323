import { ATTENDANCE_STATUSES, type AttendanceStatus } from "~/modules/attendance/rules";

/**
 * The catalog key of each attendance status: the codes are data, their names are in the page's
 * language (attendance.json). The English catalog reads as STATUS_LABELS in the rules module,
 * which CSV exports and emails keep using.
 */
export const STATUS_KEY = {
  present: "attendance.status.present",
  late: "attendance.status.late",
  left_early: "attendance.status.leftEarly",
  excused: "attendance.status.excused",
  absent: "attendance.status.absent",
} as const satisfies Record<AttendanceStatus, string>;

export const isAttendanceStatus = (s: unknown): s is AttendanceStatus => typeof s === "string" && (ATTENDANCE_STATUSES as readonly string[]).includes(s);
