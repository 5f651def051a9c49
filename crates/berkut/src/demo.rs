//! `berkut demo`: a registry to look at on a fresh machine, made of generated persons and
//! decisions (`berkut-synth`), loaded through the same import path as a partner's batch.

use std::io::Write;
use std::path::Path;

use berkut_synth::RegistryGenerator;

/// The checkpoints the demo registry knows (invented codes, real places).
pub const CHECKPOINTS: [(&str, &str); 3] = [
    (
        "KZ-ZHIBEK-ZHOLY",
        "Zhibek Zholy road crossing (Kazakhstan–Uzbekistan)",
    ),
    ("KZ-ALA-AIRPORT", "Almaty International Airport"),
    ("KZ-KARAOZEK", "Karaozek road crossing (Kazakhstan–Russia)"),
];

/// Writes `decisions` generated lines to `path`, gzip-compressed if the name ends in `.gz`,
/// all from `source` if given (as one partner's batch), else from several sources.
pub fn write_batch(
    path: &Path,
    decisions: u64,
    seed: u64,
    source: Option<&str>,
) -> std::io::Result<()> {
    let generator = generator(seed, source)?;
    let file = std::fs::File::create(path)?;
    let buffered = std::io::BufWriter::with_capacity(1 << 20, file);
    if path.extension().is_some_and(|e| e == "gz") {
        let mut gzip = flate2::write::GzEncoder::new(buffered, flate2::Compression::fast());
        write_lines(&mut gzip, decisions, generator)?;
        // finish() writes the gzip trailer and reports the error that drop would swallow.
        gzip.finish()?.flush()
    } else {
        let mut plain = buffered;
        write_lines(&mut plain, decisions, generator)?;
        plain.flush()
    }
}

/// The demo registry as one batch in memory.
pub fn batch_bytes(decisions: u64, seed: u64) -> Vec<u8> {
    let mut bytes = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = write_lines(&mut bytes, decisions, RegistryGenerator::new(seed));
    bytes
}

fn generator(seed: u64, source: Option<&str>) -> std::io::Result<RegistryGenerator> {
    match source {
        None => Ok(RegistryGenerator::new(seed)),
        Some(source) => RegistryGenerator::new(seed)
            .only_source(source)
            .ok_or_else(|| {
                std::io::Error::other(format!(
                    "the generator writes decisions for {} only, not {source}",
                    berkut_synth::SOURCES.join(", ")
                ))
            }),
    }
}

fn write_lines(
    out: &mut dyn Write,
    decisions: u64,
    generator: RegistryGenerator,
) -> std::io::Result<()> {
    for line in generator.take(usize::try_from(decisions).unwrap_or(usize::MAX)) {
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
