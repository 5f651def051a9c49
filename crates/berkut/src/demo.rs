//! `berkut demo`: a registry to look at on a fresh machine, made of generated persons and
//! decisions (`berkut-synth`), loaded through the same import path as a partner's batch.

use std::io::Write;
use std::path::Path;

use berkut_synth::RegistryGenerator;

/// Writes `decisions` generated lines to `path`, gzip-compressed if the name ends in `.gz`.
pub fn write_batch(path: &Path, decisions: u64, seed: u64) -> std::io::Result<()> {
    let file = std::fs::File::create(path)?;
    let buffered = std::io::BufWriter::with_capacity(1 << 20, file);
    let gzip = path.extension().is_some_and(|e| e == "gz");
    let mut out: Box<dyn Write> = if gzip {
        Box::new(flate2::write::GzEncoder::new(
            buffered,
            flate2::Compression::fast(),
        ))
    } else {
        Box::new(buffered)
    };
    write_lines(&mut out, decisions, seed)?;
    out.flush()
}

/// The demo registry as one batch in memory.
pub fn batch_bytes(decisions: u64, seed: u64) -> Vec<u8> {
    let mut bytes = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = write_lines(&mut bytes, decisions, seed);
    bytes
}

fn write_lines(out: &mut dyn Write, decisions: u64, seed: u64) -> std::io::Result<()> {
    for line in RegistryGenerator::new(seed).take(usize::try_from(decisions).unwrap_or(usize::MAX))
    {
        out.write_all(line.as_bytes())?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// Removes an SQLite database file and its WAL companions, if present.
pub fn remove_sqlite_files(path: &Path) -> std::io::Result<()> {
    for suffix in ["", "-wal", "-shm"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        match std::fs::remove_file(&name) {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => return Err(error),
            _ => {}
        }
    }
    Ok(())
}
