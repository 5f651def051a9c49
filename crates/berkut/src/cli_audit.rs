//! The audit entry of a command line: every command that opens the registry leaves one, as
//! every request over HTTP does, so that the audit log answers "who looked at or changed what"
//! for the operators on the server too.
//!
//! The entry names the operating-system account (`$USER@cli`; the command line has no login),
//! the role `operator`, the command (`cli: berkut hit confirm`), the arguments as given (no
//! secret is ever an argument: passwords come from an environment variable named by
//! `--password-env`) and whether it succeeded. It is written after the command ran, in its own
//! transaction: a command that fails after the registry could be opened still leaves an entry,
//! and a command that succeeded but whose entry cannot be written fails.
//!
//! Not audited here: `serve` (the service audits each request itself), `audit verify` and
//! `audit export` (checking or copying the log must not change it; it may be a copy kept as
//! evidence), and commands that do not open a registry (`sign`, `policy`, `partners keygen`).
//! A SQLite registry that does not exist is not created to hold the entry: nothing was read.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use berkut_core::audit::AuditDraft;
use berkut_store::Store;

/// A command line that touches the registry, before it runs.
#[derive(Debug)]
pub struct CliCall {
    db: String,
    route: String,
    arguments: String,
}

impl CliCall {
    /// The call to audit for parsed `matches`, or `None` when the command is not audited.
    pub fn of(matches: &clap::ArgMatches) -> Option<CliCall> {
        let mut names = Vec::new();
        let mut leaf = matches;
        while let Some((name, sub)) = leaf.subcommand() {
            names.push(name);
            leaf = sub;
        }
        if matches!(names.first(), Some(&("serve" | "audit"))) {
            return None;
        }
        let db = leaf.try_get_one::<String>("db").ok().flatten()?.clone();
        let arguments: Vec<String> = std::env::args_os()
            .skip(1)
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        Some(CliCall {
            db,
            route: format!("cli: berkut {}", names.join(" ")),
            arguments: arguments.join(" "),
        })
    }

    /// Appends the entry for this call with its outcome.
    pub fn record(&self, outcome: &Result<ExitCode>) -> Result<()> {
        if let Some(path) = self.db.strip_prefix("sqlite://")
            && !Path::new(path).exists()
        {
            return Ok(());
        }
        let actor = std::env::var("USER")
            .or_else(|_| std::env::var("LOGNAME"))
            .unwrap_or_else(|_| "unknown".to_owned());
        let result = match outcome {
            Ok(code) if *code == ExitCode::SUCCESS => "ok".to_owned(),
            // A command that reported its own failure (a batch with rejected lines).
            Ok(_) => "failed".to_owned(),
            Err(error) => format!("error: {error:#}"),
        };
        let draft = AuditDraft {
            at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            actor: format!("{actor}@cli"),
            role: "operator".to_owned(),
            route: self.route.clone(),
            purpose: "command line".to_owned(),
            subject: self.arguments.clone(),
            result,
        };
        let mut store = Store::open(&self.db).context("opening the registry for the audit log")?;
        store
            .append_audit(vec![draft])
            .context("writing the command's audit entry")?;
        Ok(())
    }
}
