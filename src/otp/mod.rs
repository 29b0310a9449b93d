//! OTP behaviours on top of the runtime.
pub mod agent;
pub mod application;
pub mod boot;
pub mod child_spec;
pub mod dynamic_supervisor;
pub mod gen_server;
pub mod logger;
pub mod name;
pub mod native;
pub mod observe;
pub mod registry;
pub mod supervisor;
pub mod task;
#[cfg(test)]
pub(crate) mod test_util;
#[cfg(test)]
mod tests;
