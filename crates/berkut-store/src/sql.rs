//! One SQL text for both backends: SQLite accepts PostgreSQL's `$1` placeholders and binds them
//! by position, so a statement written once serves both; only binding values and reading rows
//! differ, and that is done here, for the texts and integers the border-check tables hold.

use crate::{Store, StoreError};

/// A value bound to, or read from, a statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Sql {
    Text(Option<String>),
    Int(Option<i64>),
}

impl Sql {
    pub(crate) fn text(value: &str) -> Sql {
        Sql::Text(Some(value.to_owned()))
    }
    pub(crate) fn int(value: i64) -> Sql {
        Sql::Int(Some(value))
    }
    pub(crate) fn as_text(&self) -> Option<String> {
        match self {
            Sql::Text(t) => t.clone(),
            Sql::Int(i) => i.map(|i| i.to_string()),
        }
    }
    pub(crate) fn as_int(&self) -> Option<i64> {
        match self {
            Sql::Int(i) => *i,
            Sql::Text(t) => t.as_deref().and_then(|t| t.parse().ok()),
        }
    }
}

/// The type of a column to read.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Col {
    Text,
    Int,
}

impl Store {
    pub(crate) fn exec(&mut self, sql: &str, params: &[Sql]) -> Result<u64, StoreError> {
        Ok(match self {
            Store::Sqlite(s) => {
                let values = sqlite_values(params);
                // Cached: the service runs the same few statements thousands of times a second.
                s.connection()
                    .prepare_cached(sql)?
                    .execute(rusqlite::params_from_iter(values.iter()))? as u64
            }
            Store::Postgres(p) => {
                let values = pg_values(params);
                let refs = pg_refs(&values);
                p.client().execute(sql, &refs)?
            }
        })
    }

    pub(crate) fn rows(
        &mut self,
        sql: &str,
        params: &[Sql],
        cols: &[Col],
    ) -> Result<Vec<Vec<Sql>>, StoreError> {
        Ok(match self {
            Store::Sqlite(s) => {
                let values = sqlite_values(params);
                let connection = s.connection();
                let mut statement = connection.prepare_cached(sql)?;
                let rows =
                    statement.query_map(rusqlite::params_from_iter(values.iter()), |row| {
                        cols.iter()
                            .enumerate()
                            .map(|(i, col)| {
                                Ok(match col {
                                    Col::Text => Sql::Text(row.get(i)?),
                                    Col::Int => Sql::Int(row.get(i)?),
                                })
                            })
                            .collect::<Result<Vec<_>, rusqlite::Error>>()
                    })?;
                rows.collect::<Result<_, _>>()?
            }
            Store::Postgres(p) => {
                let values = pg_values(params);
                let refs = pg_refs(&values);
                p.client()
                    .query(sql, &refs)?
                    .iter()
                    .map(|row| {
                        cols.iter()
                            .enumerate()
                            .map(|(i, col)| match col {
                                Col::Text => Sql::Text(row.get(i)),
                                Col::Int => Sql::Int(row.get(i)),
                            })
                            .collect()
                    })
                    .collect()
            }
        })
    }

    /// Runs `work` in one transaction: all of it is stored, or none.
    pub(crate) fn in_transaction<T>(
        &mut self,
        work: impl FnOnce(&mut Store) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.exec("BEGIN", &[])?;
        let result = work(self);
        self.end_transaction(result)
    }

    /// Ends the open transaction: commits when `result` is a success, rolls back otherwise,
    /// and rolls back a failed commit too, to leave the connection usable for the next one.
    /// The error that matters is the first one.
    pub(crate) fn end_transaction<T>(
        &mut self,
        result: Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let committed = result.and_then(|value| self.exec("COMMIT", &[]).map(|_| value));
        if committed.is_err() {
            let _ = self.exec("ROLLBACK", &[]);
        }
        committed
    }

    /// Runs an `INSERT … RETURNING id` and gives the new row's id.
    pub(crate) fn insert_returning_id(
        &mut self,
        sql: &str,
        params: &[Sql],
    ) -> Result<i64, StoreError> {
        let rows = self.rows(sql, params, &[Col::Int])?;
        Ok(rows.first().and_then(|r| r[0].as_int()).unwrap_or_default())
    }
}

fn sqlite_values(params: &[Sql]) -> Vec<Box<dyn rusqlite::ToSql>> {
    params
        .iter()
        .map(|p| -> Box<dyn rusqlite::ToSql> {
            match p {
                Sql::Text(t) => Box::new(t.clone()),
                Sql::Int(i) => Box::new(*i),
            }
        })
        .collect()
}

fn pg_refs(
    values: &[Box<dyn postgres::types::ToSql + Sync>],
) -> Vec<&(dyn postgres::types::ToSql + Sync)> {
    values.iter().map(|v| v.as_ref()).collect()
}

fn pg_values(params: &[Sql]) -> Vec<Box<dyn postgres::types::ToSql + Sync>> {
    params
        .iter()
        .map(|p| -> Box<dyn postgres::types::ToSql + Sync> {
            match p {
                Sql::Text(t) => Box::new(t.clone()),
                Sql::Int(i) => Box::new(*i),
            }
        })
        .collect()
}
