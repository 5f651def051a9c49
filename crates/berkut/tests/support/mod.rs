//! Running the `berkut` binary from tests, as a user would, with none of the environment that
//! could change what it does.

#![allow(dead_code)] // Each test binary uses its own part of this module.

pub mod server;

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

/// The binary, without the `BERKUT_*` settings of whoever runs the tests.
pub fn berkut() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_berkut"));
    for variable in [
        "BERKUT_DATABASE_URL",
        "BERKUT_POLICY",
        "BERKUT_OFFICER",
        "BERKUT_CHECKPOINT",
    ] {
        command.env_remove(variable);
    }
    command
}

/// Runs `berkut ARGS` in `dir` and waits for it.
pub fn run(args: &[&str], dir: &Path) -> Output {
    berkut()
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the berkut binary runs")
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Standard output of a run that must have succeeded.
pub fn ok(output: &Output) -> String {
    assert!(output.status.success(), "{}", text(&output.stderr));
    text(&output.stdout)
}

/// Standard output of a run that must have succeeded, as one JSON value.
pub fn json_of(output: &Output) -> Value {
    serde_json::from_str(ok(output).trim()).expect("the output is JSON")
}
