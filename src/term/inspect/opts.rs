//! `Inspect.Opts`: the options of `inspect/2`.

/// How lists of integers print (`:charlists`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Charlists {
    /// `:infer`: as `'abc'` when every element is printable ASCII.
    Infer,
    /// `:as_lists`: always as lists of integers.
    AsLists,
    /// `:as_charlists`: always as `'...'`.
    AsCharlists,
}

/// How binaries print (`:binaries`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Binaries {
    /// `:infer`: as a string when printable, else `<<...>>`.
    Infer,
    /// `:as_strings`: always as a string (non-UTF-8 bytes escaped).
    AsStrings,
    /// `:as_binaries`: always as `<<...>>`.
    AsBinaries,
}

/// The base integers print in (`:base`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Base {
    /// `0b1010`.
    Binary,
    /// `0o12`.
    Octal,
    /// `10`.
    Decimal,
    /// `0xA`.
    Hex,
}

/// Options of `inspect/2`. `Default` is `Kernel.inspect/1`'s.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Opts {
    /// Break long output over lines at `width` (IEx results use this).
    pub pretty: bool,
    /// The line width for pretty printing.
    pub width: usize,
    /// How many items of a collection to print before `...`; `None` for all.
    pub limit: Option<usize>,
    /// How many characters of a string or charlist to print before
    /// `<> ...`/`++ ...`; `None` for all (`printable_limit`, 4096 by default).
    pub printable_limit: Option<usize>,
    /// How lists of integers print.
    pub charlists: Charlists,
    /// How binaries print.
    pub binaries: Binaries,
    /// The base of integers.
    pub base: Base,
    /// IEx's default syntax colours (ANSI escapes), as in an IEx terminal.
    pub syntax_colors: bool,
}

impl Default for Opts {
    fn default() -> Opts {
        Opts {
            pretty: false,
            width: 80,
            limit: Some(50),
            printable_limit: Some(4096),
            charlists: Charlists::Infer,
            binaries: Binaries::Infer,
            base: Base::Decimal,
            syntax_colors: false,
        }
    }
}

impl Opts {
    /// How IEx prints results: pretty, width 80, limit 50 (no colours).
    pub fn iex() -> Opts {
        Opts {
            pretty: true,
            ..Opts::default()
        }
    }

    /// `pretty: true, limit: :infinity`, as KeyError messages use.
    pub fn pretty_unlimited() -> Opts {
        Opts {
            pretty: true,
            limit: None,
            ..Opts::default()
        }
    }

    /// The same options with another `limit` (as `container_doc` passes on).
    pub fn with_limit(self, limit: Option<usize>) -> Opts {
        Opts { limit, ..self }
    }
}
