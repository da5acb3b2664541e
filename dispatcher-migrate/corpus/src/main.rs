//! `migrated-corpus NAME <command>...` runs the dispatcher command line
//! (`explain`, `routes`, ...) on one converted corpus file.

use std::process::ExitCode;

use dispatcher_migrate_corpus::ALL;

fn main() -> ExitCode {
    let mut args: Vec<_> = std::env::args_os().collect();
    let name = args
        .get(1)
        .and_then(|name| name.to_str())
        .unwrap_or("")
        .to_owned();
    let Some((_, dispatcher)) = ALL.iter().find(|(corpus, _)| *corpus == name) else {
        let names: Vec<&str> = ALL.iter().map(|(name, _)| *name).collect();
        eprintln!("usage: migrated-corpus <{}> <command>...", names.join("|"));
        return ExitCode::from(2);
    };
    args.remove(1);
    dispatcher::cli::run(dispatcher, args)
}
