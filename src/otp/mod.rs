//! OTP behaviours on top of the runtime.
