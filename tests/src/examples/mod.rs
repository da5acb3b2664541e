//! The examples of mu-dispatcher's README and of the rules guide
//! (docs/rules.md), written in our DSL. Where mu's own example lacks a
//! leading slash (P5 of docs/differences-from-mu-dispatcher.md), it is added:
//! our macro refuses such a path at compile time.

pub mod basic;
pub mod cors;
pub mod cors_session;
pub mod elastic;
pub mod ember;
pub mod fallbacks;
pub mod hosts;
pub mod images;
pub mod layers;
pub mod manipulating;
pub mod sketch;

use dispatcher::Dispatcher;

/// Every example by name (for the `mu-examples` fixture binary).
pub const ALL: [(&str, &Dispatcher); 11] = [
    ("basic", &basic::DISPATCHER),
    ("cors", &cors::DISPATCHER),
    ("cors_session", &cors_session::DISPATCHER),
    ("elastic", &elastic::DISPATCHER),
    ("ember", &ember::DISPATCHER),
    ("fallbacks", &fallbacks::DISPATCHER),
    ("hosts", &hosts::DISPATCHER),
    ("images", &images::DISPATCHER),
    ("layers", &layers::DISPATCHER),
    ("manipulating", &manipulating::DISPATCHER),
    ("sketch", &sketch::DISPATCHER),
];
