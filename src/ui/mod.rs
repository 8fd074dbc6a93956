//! Generic pieces every feature uses; none knows a feature. Each takes signals and callbacks as
//! props and owns no business rule.

pub mod charts;
pub mod copy_button;
pub mod lazy_view;
pub mod link_output;
pub mod modal;
pub mod notices;
pub mod qr;
pub mod show_more;
pub mod status_line;
pub mod step_button;
