//! `dispatcher-migrate PATH`: writes the converted rules to stdout and the
//! report to stderr. Exit codes: 0 usable as is, 1 with constructs left for
//! the user (`compile_error!`s in the output), 2 unreadable or not Elixir.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

/// Converts a mu-dispatcher dispatcher.ex into a dispatcher.rs rules file.
#[derive(Parser)]
#[command(name = "dispatcher-migrate", version)]
#[command(
    after_help = "Exit codes: 0 the output is usable as it is; 1 it holds compile_error!s \
                        for constructs left for you (the report lists them); 2 the file cannot be read \
                        or is not valid Elixir.\n\nExample: dispatcher-migrate config/dispatcher/dispatcher.ex \
                        > dispatcher-app/src/dispatcher.rs"
)]
struct Cli {
    /// The dispatcher.ex to convert.
    path: PathBuf,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let shown = cli.path.display().to_string();
    let source = match std::fs::read_to_string(&cli.path) {
        Ok(source) => source,
        Err(error) => {
            eprintln!("{shown}: error: cannot read the file: {error}");
            return ExitCode::from(2);
        }
    };
    let name = cli
        .path
        .file_name()
        .map_or_else(|| shown.clone(), |name| name.to_string_lossy().into_owned());
    match dispatcher_migrate::migrate(&source, &name) {
        Ok(migration) => {
            print!("{}", migration.rules);
            eprint!("{}", migration.report.render(&shown));
            if migration.is_usable() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Err(errors) => {
            for error in errors {
                eprintln!("{shown}: error: {error}");
            }
            eprintln!("{shown}: nothing converted: the file is not valid Elixir");
            ExitCode::from(2)
        }
    }
}
