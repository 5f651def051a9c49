//! The recorder: one thread that owns a database connection and writes checks and audit
//! entries in groups (group commit).
//!
//! Every check must be recorded, and every access audited, before its answer leaves the
//! service. One transaction (with its disk flush) per request would cap a post at a few
//! hundred checks a second; here requests queue, and the recorder takes everything queued
//! into one transaction, so under load one flush serves a whole group, and when idle a
//! request waits for its own flush only. If a group fails, each of its jobs is retried alone,
//! so that one bad job fails only its own request.

use std::sync::mpsc::{Receiver, Sender, channel};

use berkut_core::audit::AuditDraft;
use berkut_store::{CheckRecord, Store};
use tokio::sync::oneshot;

/// Most jobs in one transaction.
const GROUP: usize = 512;

// A check's record travels boxed: jobs queue by the thousand under load.
enum Job {
    Check(
        Box<CheckRecord>,
        AuditDraft,
        oneshot::Sender<Result<i64, String>>,
    ),
    Audit(AuditDraft, oneshot::Sender<Result<i64, String>>),
}

/// A handle to the recorder thread; cheap to clone.
#[derive(Debug, Clone)]
pub struct Recorder {
    jobs: Sender<Job>,
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Job")
    }
}

impl Recorder {
    /// Starts the recorder on its own connection; `committed` hears each group's size.
    pub fn start(store: Store, committed: impl Fn(usize) + Send + 'static) -> Recorder {
        let (jobs, receiver) = channel();
        std::thread::Builder::new()
            .name("berkut-recorder".into())
            .spawn(move || run(store, receiver, committed))
            .map(|_| ())
            .unwrap_or_else(|e| eprintln!("berkut serve: cannot start the recorder: {e}"));
        Recorder { jobs }
    }

    /// Records a check with its audit entry; gives the check's number once committed.
    pub async fn check(&self, record: CheckRecord, audit: AuditDraft) -> Result<i64, String> {
        let (reply, answer) = oneshot::channel();
        self.jobs
            .send(Job::Check(Box::new(record), audit, reply))
            .map_err(|_| "the recorder stopped".to_owned())?;
        answer
            .await
            .map_err(|_| "the recorder stopped".to_owned())?
    }

    /// Appends an audit entry; returns once it is committed.
    pub async fn audit(&self, draft: AuditDraft) -> Result<(), String> {
        let (reply, answer) = oneshot::channel();
        self.jobs
            .send(Job::Audit(draft, reply))
            .map_err(|_| "the recorder stopped".to_owned())?;
        answer
            .await
            .map_err(|_| "the recorder stopped".to_owned())?
            .map(|_| ())
    }
}

/// The jobs of one transaction, each record with the reply its request waits for.
#[derive(Default)]
struct Group {
    checks: Vec<(CheckRecord, AuditDraft)>,
    check_replies: Vec<oneshot::Sender<Result<i64, String>>>,
    audits: Vec<AuditDraft>,
    audit_replies: Vec<oneshot::Sender<Result<i64, String>>>,
}

impl Group {
    fn add(&mut self, job: Job) {
        match job {
            Job::Check(record, draft, reply) => {
                self.checks.push((*record, draft));
                self.check_replies.push(reply);
            }
            Job::Audit(draft, reply) => {
                self.audits.push(draft);
                self.audit_replies.push(reply);
            }
        }
    }

    fn len(&self) -> usize {
        self.checks.len() + self.audits.len()
    }
}

fn run(mut store: Store, receiver: Receiver<Job>, committed: impl Fn(usize)) {
    while let Ok(first) = receiver.recv() {
        let mut group = Group::default();
        group.add(first);
        while group.len() < GROUP {
            match receiver.try_recv() {
                Ok(job) => group.add(job),
                Err(_) => break,
            }
        }
        committed(group.len());
        match store.record_checks_audited(&group.checks, &group.audits) {
            Ok(numbers) => {
                for (reply, number) in group.check_replies.into_iter().zip(numbers) {
                    let _ = reply.send(Ok(number));
                }
                for reply in group.audit_replies {
                    let _ = reply.send(Ok(0));
                }
            }
            // One bad job must fail only its own request: retry each alone (a group of one
            // just failed, and gets its error).
            Err(error) if group.len() == 1 => {
                let error = error.to_string();
                for reply in group.check_replies.into_iter().chain(group.audit_replies) {
                    let _ = reply.send(Err(error.clone()));
                }
            }
            Err(_) => {
                for (check, reply) in group.checks.iter().zip(group.check_replies) {
                    let result = store
                        .record_checks_audited(std::slice::from_ref(check), &[])
                        .map_err(|e| e.to_string())
                        .and_then(|n| n.first().copied().ok_or_else(|| "no number".into()));
                    let _ = reply.send(result);
                }
                for (draft, reply) in group.audits.iter().zip(group.audit_replies) {
                    let result = store
                        .record_checks_audited(&[], std::slice::from_ref(draft))
                        .map(|_| 0)
                        .map_err(|e| e.to_string());
                    let _ = reply.send(result);
                }
            }
        }
    }
}
