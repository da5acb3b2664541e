//! The dispatcher binary. Your rules live in `dispatcher.rs`; this file only
//! hands them to the runtime's command line (`serve`, `routes`, `explain`).

#[path = "dispatcher.rs"]
mod rules;

/// mimalloc (see the runtime's `allocator` module for why).
#[global_allocator]
static ALLOCATOR: dispatcher::allocator::Allocator = dispatcher::allocator::Allocator;

fn main() -> std::process::ExitCode {
    dispatcher::cli::main(&rules::DISPATCHER)
}
