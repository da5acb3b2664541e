//! `dispatcher!`: checks routing rules and compiles them into one static
//! dispatcher (docs/design/behaviour.md §1).
//!
//! The work is done in three stages, each in its own module: [`ast`] parses
//! the tokens into a syntax model, [`valid`] resolves names and checks every
//! rule (with [`pattern`], [`url`], [`body`] and [`shadow`]) into the checked
//! [`model`], and [`expand`] writes the rule table and body functions. Every error is collected and
//! reported at once; the macro never panics.

mod ast;
mod body;
mod errors;
mod expand;
mod model;
mod pattern;
mod shadow;
mod url;
mod valid;

#[cfg(test)]
mod tests;

use proc_macro2::TokenStream;

/// Compiles routing rules into `pub static DISPATCHER: dispatcher::Dispatcher`.
///
/// See `docs/rules.md` for the language.
#[proc_macro]
pub fn dispatcher(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    expand(input.into()).into()
}

/// Parse → validate → expand; on errors, the errors plus a placeholder.
fn expand(input: TokenStream) -> TokenStream {
    let mut errors = errors::Errors::default();
    let config = ast::parse(input, &mut errors);
    let model = valid::validate(config, &mut errors);
    match errors.finish() {
        Ok(()) => expand::dispatcher(model),
        Err(error) => {
            let mut output = error.to_compile_error();
            output.extend(expand::placeholder());
            output
        }
    }
}
