//! Expand: writes the checked model out as a `DISPATCHER` static holding the
//! compiled rule table and one function per rule body.
//!
//! On any error only a placeholder `DISPATCHER` of the right type is emitted
//! beside the errors, so users see the rule errors and no follow-on ones.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};

use crate::model::{Model, RuleModel};
use crate::pattern::{ExpectModel, HostLabelModel, HostModel, LabelOrder, PathSegment, ValueModel};

pub fn dispatcher(model: Model) -> TokenStream {
    let aliases = model.aliases.iter().map(|alias| {
        let name = &alias.name;
        let types = alias.types.iter().map(|(ty, subtype)| {
            quote!(::dispatcher::__private::MediaType { ty: #ty, subtype: #subtype })
        });
        quote!(::dispatcher::__private::AcceptAlias { name: #name, types: &[#(#types),*] })
    });
    let layers = model.layers.iter().enumerate().map(|(layer_index, name)| {
        let members: Vec<(usize, &RuleModel)> = model
            .rules
            .iter()
            .enumerate()
            .filter(|(_, rule)| match rule.options.layer {
                Some(layer) => layer == layer_index,
                // A rule without a layer that did not match in the first layer
                // matches in no other: list it once (docs/design/behaviour.md
                // §2, docs/design/mu-compatibility.md L3).
                None => layer_index == 0,
            })
            .collect();
        let index = |position: usize| u16::try_from(position).unwrap_or(u16::MAX);
        let all = members.iter().map(|(position, _)| index(*position));
        // Index by the first path segment; rules starting with a capture (or
        // matching the root) are candidates for every request.
        let mut buckets: std::collections::BTreeMap<&str, Vec<u16>> =
            std::collections::BTreeMap::new();
        let mut any_first = Vec::new();
        for (position, rule) in &members {
            match rule.path.segments.first() {
                Some(PathSegment::Literal(first)) => buckets
                    .entry(first.as_str())
                    .or_default()
                    .push(index(*position)),
                _ => any_first.push(index(*position)),
            }
        }
        let mut buckets: Vec<(u64, &str, Vec<u16>)> = buckets
            .into_iter()
            .map(|(segment, rules)| {
                (
                    dispatcher_syntax::segment_hash(segment.as_bytes()),
                    segment,
                    rules,
                )
            })
            .collect();
        buckets.sort();
        let buckets = buckets
            .iter()
            .map(|(hash, segment, rules)| quote!((#hash, #segment, &[#(#rules),*])));
        quote!(::dispatcher::__private::Layer {
            name: #name,
            rules: &[#(#all),*],
            by_first_segment: &[#(#buckets),*],
            any_first_segment: &[#(#any_first),*],
        })
    });
    let rules = model.rules.iter().map(rule_entry);
    let bodies = model
        .rules
        .iter()
        .enumerate()
        .map(|(index, rule)| body_fn(index, rule));
    let arms = (0..model.rules.len()).map(|index| {
        let function = format_ident!("__rule_{}", index);
        quote!(#index => #function(conn),)
    });
    quote! {
        /// The rules of this file, compiled by `dispatcher!`.
        pub static DISPATCHER: ::dispatcher::Dispatcher = {
            static TABLE: ::dispatcher::__private::RuleTable = ::dispatcher::__private::RuleTable {
                accept_aliases: &[#(#aliases),*],
                layers: &[#(#layers),*],
                rules: &[#(#rules),*],
            };
            fn bodies(rule: usize, conn: &mut ::dispatcher::Conn<'_>) -> ::dispatcher::Action {
                #(#bodies)*
                match rule {
                    #(#arms)*
                    _ => ::dispatcher::Action::__no_such_rule(rule),
                }
            }
            ::dispatcher::Dispatcher::__new(&TABLE, bodies)
        };
    }
}

/// What is emitted beside the errors when the rules do not check.
pub fn placeholder() -> TokenStream {
    quote! {
        /// The rules of this file, compiled by `dispatcher!` (they have errors).
        pub static DISPATCHER: ::dispatcher::Dispatcher = ::dispatcher::Dispatcher::__invalid();
    }
}

fn rule_entry(rule: &RuleModel) -> TokenStream {
    let line = rule.line;
    let verb = rule.verb.name();
    let pattern = rule.pattern.value();
    let options = &rule.options.display;
    let action = if rule.actions.is_empty() {
        "(code)".to_owned()
    } else {
        rule.actions.join(" | ")
    };
    // The variant's name (derived `Debug`): the runtime reads the methods
    // from the verb, as every crate does.
    let verb_variant = format_ident!("{}", format!("{:?}", rule.verb));
    let segments = rule.path.segments.iter().map(|segment| match segment {
        PathSegment::Literal(text) => {
            quote!(::dispatcher::__private::SegmentPattern::Literal(#text))
        }
        PathSegment::Param(_) => quote!(::dispatcher::__private::SegmentPattern::Param),
    });
    let glob = rule.path.glob.is_some();
    let host = match &rule.options.host {
        Some(host) => {
            let pattern = host_pattern(host);
            quote!(::core::option::Option::Some(#pattern))
        }
        None => quote!(::core::option::Option::None),
    };
    let accept = rule
        .options
        .accept
        .iter()
        .map(|&alias| u16::try_from(alias).unwrap_or(u16::MAX));
    let cookies = value_matches(&rule.options.cookies);
    let headers = value_matches(&rule.options.headers);
    let layer = match rule.options.layer {
        Some(layer) => {
            let layer = u16::try_from(layer).unwrap_or(u16::MAX);
            quote!(::core::option::Option::Some(#layer))
        }
        None => quote!(::core::option::Option::None),
    };
    quote! {
        ::dispatcher::__private::Rule {
            line: #line,
            verb: #verb,
            pattern: #pattern,
            options: #options,
            action: #action,
            methods: ::dispatcher::__private::MethodSet::of_verb(::dispatcher::__private::Verb::#verb_variant),
            path: ::dispatcher::__private::PathPattern { segments: &[#(#segments),*], glob: #glob },
            host: #host,
            accept: &[#(#accept),*],
            cookies: &[#(#cookies),*],
            headers: &[#(#headers),*],
            layer: #layer,
        }
    }
}

fn value_matches(conditions: &[ValueModel]) -> Vec<TokenStream> {
    conditions
        .iter()
        .map(|condition| {
            let name = &condition.name;
            let value = match &condition.expect {
                ExpectModel::Equal(value) => quote!(::core::option::Option::Some(#value)),
                ExpectModel::Any(_) => quote!(::core::option::Option::None),
            };
            quote!(::dispatcher::__private::ValueMatch { name: #name, value: #value })
        })
        .collect()
}

fn order_tokens(order: LabelOrder) -> TokenStream {
    match order {
        LabelOrder::TldFirst => quote!(::dispatcher::__private::LabelOrder::TldFirst),
        LabelOrder::Written => quote!(::dispatcher::__private::LabelOrder::Written),
    }
}

fn host_pattern(host: &HostModel) -> TokenStream {
    let order = order_tokens(host.order);
    let labels = host.labels.iter().map(|label| match label {
        HostLabelModel::Literal(text) => {
            quote!(::dispatcher::__private::LabelPattern::Literal(#text))
        }
        HostLabelModel::Any | HostLabelModel::Capture(_) => {
            quote!(::dispatcher::__private::LabelPattern::Any)
        }
    });
    let rest = host.rest.is_some();
    quote!(::dispatcher::__private::HostPattern { order: #order, labels: &[#(#labels),*], rest: #rest })
}

/// `fn __rule_N(conn) -> Action { <captures>; <body> }`
fn body_fn(index: usize, rule: &RuleModel) -> TokenStream {
    let function = format_ident!("__rule_{}", index);
    let mut bindings = Vec::new();
    for (position, segment) in rule.path.segments.iter().enumerate() {
        if let PathSegment::Param(Some(capture)) = segment {
            let name = &capture.ident;
            bindings
                .push(quote_spanned!(name.span()=> let #name: &str = conn.__segment(#position);));
        }
    }
    if let Some(Some(capture)) = &rule.path.glob {
        let name = &capture.ident;
        let position = rule.path.segments.len();
        bindings.push(quote_spanned!(name.span()=>
            let #name: ::dispatcher::Segments<'_> = conn.__segments_from(#position);
        ));
    }
    if let Some(host) = &rule.options.host {
        let order = order_tokens(host.order);
        for (position, label) in host.labels.iter().enumerate() {
            if let HostLabelModel::Capture(capture) = label {
                let name = &capture.ident;
                bindings.push(quote_spanned!(name.span()=> let #name: &str = conn.__label(#order, #position);));
            }
        }
        if let Some(Some(capture)) = &host.rest {
            let name = &capture.ident;
            let position = host.labels.len();
            bindings.push(quote_spanned!(name.span()=>
                let #name: ::dispatcher::Labels<'_> = conn.__labels_from(#order, #position);
            ));
        }
    }
    for (source, conditions) in [
        ("__cookie", &rule.options.cookies),
        ("__header", &rule.options.headers),
    ] {
        let accessor = format_ident!("{}", source);
        for condition in conditions {
            if let ExpectModel::Any(Some(capture)) = &condition.expect {
                let (name, key) = (&capture.ident, &condition.name);
                bindings
                    .push(quote_spanned!(name.span()=> let #name: &str = conn.#accessor(#key);));
            }
        }
    }
    // The body's statements follow the bindings directly; the return type
    // carries the body's span, so "expected `Action`" points at the body.
    let statements = &rule.body.stmts;
    let action = quote_spanned!(rule.body.brace_token.span.join()=> ::dispatcher::Action);
    let conn = syn::Ident::new("conn", Span::call_site());
    quote! {
        fn #function(#[allow(unused_variables)] #conn: &mut ::dispatcher::Conn<'_>) -> #action {
            #(#bindings)*
            #(#statements)*
        }
    }
}
