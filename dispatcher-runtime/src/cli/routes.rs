//! `routes`: the compiled rule table, one line per rule, in evaluation order
//! of definition, with the layer each rule runs in.

use std::fmt::Write;

use crate::Dispatcher;

pub fn table(dispatcher: &Dispatcher) -> String {
    let table = dispatcher.table();
    let layer_of = |rule: &crate::matching::Rule| match rule.layer {
        Some(layer) => table.layer_name(usize::from(layer)).to_owned(),
        None => "*".to_owned(),
    };
    let mut rows = vec![[
        "LINE".to_owned(),
        "VERB".to_owned(),
        "PATTERN".to_owned(),
        "LAYER".to_owned(),
        "OPTIONS".to_owned(),
        "ACTION".to_owned(),
    ]];
    for rule in table.rules {
        rows.push([
            rule.line.to_string(),
            rule.verb.to_owned(),
            rule.pattern.to_owned(),
            layer_of(rule),
            rule.options.to_owned(),
            rule.action.to_owned(),
        ]);
    }
    let mut widths = [0; 6];
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in &rows {
        let mut line = String::new();
        for (index, (cell, width)) in row.iter().zip(widths).enumerate() {
            if index + 1 == row.len() {
                line.push_str(cell);
            } else {
                let _ = write!(line, "{cell:<width$}  ");
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    let layers: Vec<&str> = table.layers.iter().map(|layer| layer.name).collect();
    let _ = writeln!(
        out,
        "\nlayers, in order: {}  (* = a rule without a layer runs in any)",
        layers.join(", ")
    );
    out
}
