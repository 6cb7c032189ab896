//! `wic-assist` command line over wic-core (contract: DESIGN §5). Knows no browser and no HTTP.
fn main() {
    eprintln!("wic-assist: not yet implemented");
    std::process::exit(2);
}
