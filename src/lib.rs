//! SprintDeck: planning poker, backlog ordering and sprint capacity planning in the browser.
//!
//! Layers, dependencies pointing downward only:
//! [`domain`] (pure rules) → [`storage`] (text formats and localStorage) → [`state`] (signals,
//! persistence) → [`pages`] and [`components`] (views). [`browser`] wraps the few other browser
//! APIs the app needs.

pub mod app;
pub mod browser;
pub mod codec;
pub mod components;
pub mod domain;
pub mod pages;
pub mod state;
pub mod storage;

pub use app::{App, start};
