//! Rule bodies: finds the `forward(...)` and `send_resp(...)` calls in a
//! body, checks their literal arguments at compile time (base URLs, status
//! codes) and replaces each literal base URL by its pre-parsed form, so no
//! URL literal is parsed per request. Also describes the body for `routes`.

use quote::{ToTokens, quote_spanned};
use syn::visit_mut::{self, VisitMut};
use syn::{Expr, ExprCall, Lit};

use crate::errors::Errors;
use crate::url;

/// Checks and rewrites `body`; returns what it does, for display.
pub fn scan(body: &mut syn::Block, errors: &mut Errors) -> Vec<String> {
    let mut scanner = Scanner {
        errors,
        actions: Vec::new(),
    };
    scanner.visit_block_mut(body);
    scanner.actions
}

struct Scanner<'e> {
    errors: &'e mut Errors,
    actions: Vec<String>,
}

impl VisitMut for Scanner<'_> {
    fn visit_expr_call_mut(&mut self, call: &mut ExprCall) {
        visit_mut::visit_expr_call_mut(self, call);
        let Expr::Path(function) = &*call.func else {
            return;
        };
        if function.qself.is_some()
            || function.path.leading_colon.is_some()
            || function.path.segments.len() != 1
        {
            return;
        }
        let name = function.path.segments[0].ident.to_string();
        if name == "cors_preflight" && call.args.len() == 2 {
            self.actions
                .push(format!("cors_preflight({})", compact(&call.args[1])));
            return;
        }
        if call.args.len() != 3 {
            return;
        }
        match name.as_str() {
            "forward" => self.forward(call),
            "send_resp" => self.send_resp(call),
            _ => {}
        }
    }
}

impl Scanner<'_> {
    fn forward(&mut self, call: &mut ExprCall) {
        let path = &call.args[1];
        let path_text = compact(path);
        let url = &mut call.args[2];
        let Some(Lit::Str(literal)) = literal(url) else {
            self.actions
                .push(format!("forward({path_text}, {})", compact(url)));
            return;
        };
        let literal = literal.clone();
        self.actions
            .push(format!("forward({path_text}, {:?})", literal.value()));
        if let Some(parsed) = url::check(&literal, self.errors) {
            let scheme = syn::Ident::new(parsed.scheme, literal.span());
            let (host, path) = (parsed.host, parsed.path);
            let port = match parsed.port {
                Some(port) => quote_spanned!(literal.span()=> ::core::option::Option::Some(#port)),
                None => quote_spanned!(literal.span()=> ::core::option::Option::None),
            };
            *url = syn::parse_quote_spanned!(literal.span()=>
                ::dispatcher::BaseUrl::from_static(::dispatcher::__private::Scheme::#scheme, #host, #port, #path)
            );
        }
    }

    fn send_resp(&mut self, call: &mut ExprCall) {
        let status = &call.args[1];
        match literal(status) {
            Some(Lit::Int(code)) => {
                match code.base10_parse::<u64>() {
                    Ok(value) if (100..=999).contains(&value) => {}
                    _ => self.errors.at(
                        code.span(),
                        format!(
                            "`{}` is not an HTTP status: use a code from 100 to 999, e.g. 404",
                            code.base10_digits()
                        ),
                    ),
                }
                self.actions
                    .push(format!("send_resp({})", code.base10_digits()));
            }
            _ => self.actions.push(format!("send_resp({})", compact(status))),
        }
    }
}

/// The literal an argument is, seeing through parentheses and invisible groups.
fn literal(expr: &Expr) -> Option<&Lit> {
    match expr {
        Expr::Lit(literal) => Some(&literal.lit),
        Expr::Paren(inner) => literal(&inner.expr),
        Expr::Group(inner) => literal(&inner.expr),
        _ => None,
    }
}

/// Tokens as source-like text: the spaces that token printing puts around
/// punctuation are removed, string literals are left as they are.
pub fn compact(tokens: &impl ToTokens) -> String {
    let text = tokens.to_token_stream().to_string();
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            match c {
                '\\' => out.extend(chars.next()),
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        if c == '"' {
            in_string = true;
        }
        if c == ' ' {
            let next = chars.peek().copied().unwrap_or(' ');
            let previous = out.chars().last().unwrap_or(' ');
            if matches!(next, '(' | ')' | '[' | ']' | '.' | ':' | '!' | ',')
                || matches!(previous, '(' | '[' | '.' | ':' | '!' | '&')
            {
                continue;
            }
        }
        out.push(c);
    }
    out
}
