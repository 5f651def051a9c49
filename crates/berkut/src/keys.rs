//! Partner keys and batch signatures: Ed25519, the signature detached in `<batch>.sig` as
//! base64, over the exact bytes of the batch file (`shared/spec/exchange-format.md`).
//!
//! Public keys are accepted as a PEM `PUBLIC KEY` (what `openssl pkey -pubout` writes), as
//! base64 of the 32 raw bytes, or as 64 hex digits, so a partner can use the tools it has.

use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use ed25519_dalek::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePrivateKey, EncodePublicKey};
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};

/// A key or signature that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error(
        "not an Ed25519 public key: expected a PEM PUBLIC KEY, base64 of 32 bytes or 64 hex digits"
    )]
    PublicKey,
    #[error("a weak Ed25519 public key (a small-order point): signatures under it prove nothing")]
    WeakKey,
    #[error("not an Ed25519 private key: expected a PEM PRIVATE KEY (PKCS#8)")]
    PrivateKey,
    #[error("not an Ed25519 signature: expected base64 of 64 bytes")]
    Signature,
    #[error("cannot encode the key: {0}")]
    Encode(String),
}

/// Reads a public key in any of the accepted forms. Weak keys (small-order points, under which
/// one signature verifies for every message) are refused.
pub fn parse_public_key(text: &str) -> Result<VerifyingKey, KeyError> {
    let key = decode_public_key(text)?;
    if key.is_weak() {
        return Err(KeyError::WeakKey);
    }
    Ok(key)
}

fn decode_public_key(text: &str) -> Result<VerifyingKey, KeyError> {
    let text = text.trim();
    if text.starts_with("-----BEGIN") {
        return VerifyingKey::from_public_key_pem(text).map_err(|_| KeyError::PublicKey);
    }
    let bytes = if text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit()) {
        (0..32)
            .map(|i| u8::from_str_radix(&text[2 * i..2 * i + 2], 16))
            .collect::<Result<Vec<u8>, _>>()
            .map_err(|_| KeyError::PublicKey)?
    } else {
        BASE64.decode(text).map_err(|_| KeyError::PublicKey)?
    };
    let bytes: [u8; 32] = bytes.try_into().map_err(|_| KeyError::PublicKey)?;
    VerifyingKey::from_bytes(&bytes).map_err(|_| KeyError::PublicKey)
}

/// Reads a detached signature: base64, with any whitespace (tools wrap base64 at 64 or 76
/// columns) ignored.
pub fn parse_signature(text: &str) -> Result<Signature, KeyError> {
    let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    let bytes = BASE64.decode(compact).map_err(|_| KeyError::Signature)?;
    let bytes: [u8; 64] = bytes.try_into().map_err(|_| KeyError::Signature)?;
    Ok(Signature::from_bytes(&bytes))
}

/// Where the detached signature of a batch lives: the batch's path with `.sig` appended.
pub fn signature_path(batch: &Path) -> PathBuf {
    let mut name = batch.as_os_str().to_owned();
    name.push(".sig");
    PathBuf::from(name)
}

/// A new key pair as PEM texts: (private PKCS#8, public SPKI).
pub fn generate_key_pair() -> Result<(String, String), KeyError> {
    let seed: [u8; 32] = rand::random();
    let key = SigningKey::from_bytes(&seed);
    let private = key
        .to_pkcs8_pem(Default::default())
        .map_err(|e| KeyError::Encode(e.to_string()))?;
    let public = key
        .verifying_key()
        .to_public_key_pem(Default::default())
        .map_err(|e| KeyError::Encode(e.to_string()))?;
    Ok((private.to_string(), public))
}

/// Reads a private key written by [`generate_key_pair`] (or `openssl genpkey -algorithm ed25519`).
pub fn parse_signing_key(text: &str) -> Result<SigningKey, KeyError> {
    SigningKey::from_pkcs8_pem(text.trim()).map_err(|_| KeyError::PrivateKey)
}

/// The base64 detached signature of `bytes`.
pub fn sign(key: &SigningKey, bytes: &[u8]) -> String {
    BASE64.encode(key.sign(bytes).to_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generated_pair_signs_and_verifies_in_every_key_form() {
        let (private, public) = generate_key_pair().unwrap();
        let key = parse_signing_key(&private).unwrap();
        let signature = parse_signature(&sign(&key, b"batch bytes")).unwrap();
        let raw = key.verifying_key().to_bytes();
        let hex: String = raw.iter().map(|b| format!("{b:02x}")).collect();
        for form in [public, BASE64.encode(raw), hex] {
            let verifying = parse_public_key(&form).unwrap();
            assert!(verifying.verify_strict(b"batch bytes", &signature).is_ok());
            assert!(verifying.verify_strict(b"batch byteZ", &signature).is_err());
        }
    }

    #[test]
    fn weak_keys_are_refused() {
        // The identity point: under it, R = identity and s = 0 "verify" any message.
        let mut identity = [0u8; 32];
        identity[0] = 1;
        assert!(matches!(
            parse_public_key(&BASE64.encode(identity)),
            Err(KeyError::WeakKey)
        ));
    }

    #[test]
    fn wrapped_base64_signatures_are_read() {
        let (private, _) = generate_key_pair().unwrap();
        let signature = sign(&parse_signing_key(&private).unwrap(), b"x");
        let wrapped = format!("{}\n{}\n", &signature[..64], &signature[64..]);
        assert_eq!(
            parse_signature(&wrapped).unwrap(),
            parse_signature(&signature).unwrap()
        );
    }

    #[test]
    fn malformed_keys_and_signatures_are_refused() {
        assert!(parse_public_key("hello").is_err());
        assert!(parse_public_key(&BASE64.encode([1u8; 31])).is_err());
        assert!(parse_signature("!!!").is_err());
        assert!(parse_signature(&BASE64.encode([0u8; 63])).is_err());
    }

    #[test]
    fn the_signature_sits_beside_the_batch() {
        assert_eq!(
            signature_path(Path::new("/in/ru.jsonl.gz")),
            Path::new("/in/ru.jsonl.gz.sig")
        );
    }
}
