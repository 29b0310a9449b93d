//! Whether the learner pressed Enter, asked without waiting: how a drawing
//! redrawn until Enter (`tree watch: true`) knows when to stop, while the
//! line editor is not reading.
//!
//! Between inputs the terminal is in its ordinary line mode, so what was
//! typed arrives a line at a time; a line typed during the watch ends it
//! and goes nowhere else.

use std::io::IsTerminal;

/// True when standard input is a terminal a learner can press Enter at.
pub fn interactive() -> bool {
    std::io::stdin().is_terminal()
}

/// True when a line (Enter) is waiting on standard input; reads it.
pub fn enter_pressed() -> bool {
    let mut fds = libc::pollfd {
        fd: libc::STDIN_FILENO,
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: one valid pollfd, no waiting.
    let ready = unsafe { libc::poll(&mut fds, 1, 0) };
    if ready <= 0 || fds.revents & libc::POLLIN == 0 {
        return false;
    }
    let mut buf = [0u8; 256];
    // SAFETY: reads at most the buffer's length into it; in line mode the
    // line is there, so this does not wait.
    let n = unsafe { libc::read(libc::STDIN_FILENO, buf.as_mut_ptr().cast(), buf.len()) };
    n <= 0 || buf[..n as usize].contains(&b'\n')
}
