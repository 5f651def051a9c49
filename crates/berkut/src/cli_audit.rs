//! The audit entry of a command line: every command that opens the registry leaves one, as
//! every request over HTTP does, so that the audit log answers "who looked at or changed what"
//! for the operators on the server too.
//!
//! The entry names the operating-system account (`$USER@cli`, or `$SUDO_USER` when run through
//! sudo, and the numeric uid: the command line has no login), the role `operator`, the command
//! (`cli: berkut hit confirm`), the arguments as given with the password of a `--db` URL
//! redacted (no other secret is ever an argument: account passwords come from an environment
//! variable named by `--password-env`) and how it ended. It is written after the command ran, in
//! its own transaction, and only if the command opened the registry: a command that failed
//! after that still leaves an entry; one that succeeded but whose entry cannot be written
//! fails (its work is done and stays).
//!
//! Not audited here: `serve` and `demo` (the service audits each request itself), `audit
//! verify` and `audit export` (checking or copying the log must not change it; it may be a copy
//! kept as evidence), and commands that do not open a registry (`sign`, `policy`, `partners
//! keygen`).

use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Context, Result};
use berkut_core::audit::AuditDraft;
use berkut_store::{Store, redact_url};

/// Whether this process opened a registry (see [`note_opened`]).
static REGISTRY_OPENED: AtomicBool = AtomicBool::new(false);

/// Called for every registry the command opens: only such a command leaves an entry.
pub fn note_opened() {
    REGISTRY_OPENED.store(true, Ordering::Relaxed);
}

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
        if matches!(names.first(), Some(&("serve" | "demo" | "audit"))) {
            return None;
        }
        let db = match leaf.try_get_one::<String>("db") {
            Ok(db) => db?.clone(),
            Err(error) => {
                // Every `db` argument is a String; another type would silently stop auditing.
                debug_assert!(
                    matches!(error, clap::parser::MatchesError::UnknownArgument { .. }),
                    "{error}"
                );
                return None;
            }
        };
        let arguments = redacted(
            std::env::args_os()
                .skip(1)
                .map(|a| a.to_string_lossy().into_owned()),
        );
        Some(CliCall {
            db,
            route: format!("cli: berkut {}", names.join(" ")),
            arguments,
        })
    }

    /// Appends the entry for this call with its outcome.
    pub fn record(&self, outcome: &Result<ExitCode>) -> Result<()> {
        if !REGISTRY_OPENED.load(Ordering::Relaxed) {
            return Ok(());
        }
        let name = ["SUDO_USER", "USER", "LOGNAME"]
            .iter()
            .find_map(|variable| std::env::var(variable).ok())
            .unwrap_or_else(|| "unknown".to_owned());
        // The name is whatever the environment says; the uid is what the kernel says.
        let uid = std::fs::metadata("/proc/self").map(|m| {
            use std::os::unix::fs::MetadataExt;
            m.uid()
        });
        let actor = match uid {
            Ok(uid) => format!("{name}@cli (uid {uid})"),
            Err(_) => format!("{name}@cli"),
        };
        let result = match outcome {
            Ok(code) if *code == ExitCode::SUCCESS => "ok".to_owned(),
            // A command that reported its own failure (a batch with rejected lines).
            Ok(_) => "failed".to_owned(),
            Err(error) => format!("error: {error:#}"),
        };
        let draft = AuditDraft {
            at: berkut_core::timestamp::now(),
            actor,
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

/// The command line as typed, with the password of every `--db` URL replaced.
fn redacted(arguments: impl Iterator<Item = String>) -> String {
    let mut out = Vec::new();
    let mut after_db = false;
    for argument in arguments {
        let shown = if after_db {
            redact_url(&argument)
        } else if let Some(url) = argument.strip_prefix("--db=") {
            format!("--db={}", redact_url(url))
        } else {
            argument.clone()
        };
        after_db = argument == "--db";
        out.push(shown);
    }
    out.join(" ")
}

#[cfg(test)]
mod tests {
    use super::redacted;

    #[test]
    fn the_password_of_a_database_url_never_reaches_the_log() {
        let line = |args: &[&str]| redacted(args.iter().map(|a| (*a).to_owned()));
        let shown = line(&[
            "cases",
            "list",
            "--db",
            "postgres://berkut:s3cret@db/registry",
        ]);
        assert!(!shown.contains("s3cret"), "{shown}");
        assert!(
            shown.starts_with("cases list --db postgres://berkut:"),
            "{shown}"
        );
        let shown = line(&["feed", "--db=postgres://berkut:s3cret@db/registry", "RU"]);
        assert!(
            !shown.contains("s3cret") && shown.ends_with(" RU"),
            "{shown}"
        );
        assert_eq!(
            line(&["feed", "--db", "sqlite://r.db", "RU"]),
            "feed --db sqlite://r.db RU"
        );
    }
}
