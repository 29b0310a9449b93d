//! The terminal for a drawing redrawn until Enter (`tree watch: true`):
//! whether the learner pressed Enter, asked without waiting while the line
//! editor is not reading, and how many rows a drawing takes on screen.
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

/// How many rows `text` takes on the terminal: a line longer than the
/// terminal is wide wraps. Colour codes take no room.
pub fn rows(text: &str) -> usize {
    let columns = columns().max(1);
    text.lines()
        .map(|line| visible_width(line).max(1).div_ceil(columns))
        .sum()
}

/// The terminal's width (80 when standard output is not a terminal).
fn columns() -> usize {
    let mut size = libc::winsize {
        ws_row: 0,
        ws_col: 0,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: TIOCGWINSZ writes one winsize into the struct given.
    let ok = unsafe { libc::ioctl(libc::STDOUT_FILENO, libc::TIOCGWINSZ, &mut size) } == 0;
    if ok && size.ws_col > 0 {
        size.ws_col as usize
    } else {
        80
    }
}

/// The characters of `line` a terminal shows: without `ESC [ ... m` codes.
fn visible_width(line: &str) -> usize {
    let mut width = 0;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            width += 1;
        }
    }
    width
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_codes_take_no_room() {
        assert_eq!(visible_width("\x1b[1;32mKV.Registry\x1b[0m · worker"), 20);
    }
}
