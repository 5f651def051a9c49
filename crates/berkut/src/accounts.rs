//! Accounts and API tokens: what the command line (`berkut users ...`) and the service share.
//!
//! Passwords are hashed with Argon2id (the `argon2` crate, its default parameters: 19 MiB,
//! 2 passes), a deliberately slow hash for a secret a person chose. A token is 256 random bits
//! shown once (`bk_` + base64url); the store keeps only its SHA-256, which is enough for a
//! secret nobody chose and lets every request be authenticated in microseconds.

use std::fmt;

use anyhow::{Context, bail};
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

use berkut_store::{NewUser, Store, User};

/// What an account may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Checks travelers at a checkpoint; confirms or dismisses hits (first of two for a detention).
    BorderOfficer,
    /// Migration inspector: reads decisions and cases, screens applications.
    Inspector,
    /// Four-eyes confirmations of detentions, cases and their release.
    Supervisor,
    /// Accounts, policy, emergency declarations, checkpoints, partner keys.
    Admin,
    /// Reads the audit log, nothing else.
    Auditor,
    /// A partner authority: sends its own decisions, reads its own feed.
    Partner,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::BorderOfficer,
        Role::Inspector,
        Role::Supervisor,
        Role::Admin,
        Role::Auditor,
        Role::Partner,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::BorderOfficer => "border_officer",
            Role::Inspector => "inspector",
            Role::Supervisor => "supervisor",
            Role::Admin => "admin",
            Role::Auditor => "auditor",
            Role::Partner => "partner",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == text)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The Argon2id hash of a password, as a PHC string.
pub fn hash_password(password: &str) -> anyhow::Result<String> {
    if password.chars().count() < 12 {
        bail!("a password needs at least 12 characters");
    }
    let mut salt = [0u8; 16];
    rand::rng().fill_bytes(&mut salt);
    let salt = SaltString::encode_b64(&salt).map_err(|e| anyhow::anyhow!("salt: {e}"))?;
    Ok(Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map_err(|e| anyhow::anyhow!("cannot hash the password: {e}"))?
        .to_string())
}

/// Whether `password` is the one hashed in `phc`.
pub fn verify_password(phc: &str, password: &str) -> bool {
    PasswordHash::new(phc)
        .map(|hash| {
            Argon2::default()
                .verify_password(password.as_bytes(), &hash)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A new random secret: `bk_` and 43 base64url characters (256 bits).
fn random_secret(prefix: &str) -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    format!(
        "{prefix}{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    )
}

/// A generated password (for demo accounts and `berkut users add` without one).
pub fn generate_password() -> String {
    random_secret("")[..20].to_owned()
}

/// The SHA-256 of a token, hex: what the store keeps and looks up.
pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Adds an account with an Argon2id-hashed password.
pub fn add_user(
    store: &mut Store,
    name: &str,
    role: Role,
    source: Option<&str>,
    password: &str,
) -> anyhow::Result<i64> {
    let source = source.map(str::to_ascii_uppercase);
    if let Some(source) = &source {
        berkut_core::CountryCode::try_from(source.clone()).map_err(anyhow::Error::msg)?;
    }
    Ok(store.add_user(&NewUser {
        name: name.trim().to_owned(),
        role: role.as_str().to_owned(),
        source,
        password_hash: hash_password(password)?,
    })?)
}

/// Issues a new API token for the account `name`; gives the token (shown once).
pub fn issue_token(store: &mut Store, name: &str, label: &str) -> anyhow::Result<String> {
    let user = store
        .user(name)?
        .with_context(|| format!("no account {name:?}"))?;
    if user.disabled {
        bail!("account {name:?} is disabled");
    }
    let token = random_secret("bk_");
    store.add_token(user.id, &token_hash(&token), label)?;
    Ok(token)
}

/// The account holding `token`, if the token is live.
pub fn authenticate(store: &mut Store, token: &str) -> anyhow::Result<Option<User>> {
    Ok(store.user_by_token(&token_hash(token))?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_verifies_only_against_its_own_hash() {
        let hash = hash_password("correct horse battery").unwrap();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(verify_password(&hash, "correct horse battery"));
        assert!(!verify_password(&hash, "correct horse batterY"));
        assert!(hash_password("short").is_err());
    }

    #[test]
    fn tokens_are_random_and_hashed() {
        let (a, b) = (random_secret("bk_"), random_secret("bk_"));
        assert_ne!(a, b);
        assert_eq!(a.len(), 46);
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(token_hash(&a), token_hash(&b));
    }
}
