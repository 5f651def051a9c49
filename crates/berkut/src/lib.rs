//! Berkut, the product: the use-cases (import, demo, serve...) that the command line and the
//! HTTP API share, over the pure domain (`berkut-core`, `berkut-match`) and the registry
//! (`berkut-store`). The `berkut` binary in `main.rs` only parses flags, calls these and prints.

pub mod accounts;
pub mod check;
pub mod demo;
pub mod import;
pub mod keys;
pub mod review;
pub mod screen;
pub mod serve;
