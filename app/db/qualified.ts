import { getTableName, sql, type Column, type SQL } from "drizzle-orm";

/**
 * `"table"."column"`, always: drizzle writes a column bare in the select list of a query that reads
 * one table, and inside a subquery of that list a bare name means the subquery's own table's
 * column (a correlated subquery such as groupLeadersColumn then matched nothing).
 */
export function qualified(column: Column): SQL {
  return sql`${sql.identifier(getTableName(column.table))}.${sql.identifier(column.name)}`;
}
