ALTER TYPE "public"."enrolment_status" ADD VALUE 'waitlisted';--> statement-breakpoint
ALTER TYPE "public"."enrolment_status" ADD VALUE 'offered';--> statement-breakpoint
ALTER TYPE "public"."enrolment_status" ADD VALUE 'declined';--> statement-breakpoint
ALTER TYPE "public"."enrolment_status" ADD VALUE 'interested';