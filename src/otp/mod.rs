//! OTP behaviours on top of the runtime.
pub mod logger;
