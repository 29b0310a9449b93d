//! The built-in demos: the session files under `scripts/demos/`, built into
//! riex so that `riex demo NAME` plays one from anywhere.

/// A demo: its name and its session file.
pub struct Demo {
    /// What `riex demo NAME` calls it: its file's name.
    pub name: &'static str,
    /// The session file: typed lines and `#` narration.
    pub text: &'static str,
}

impl Demo {
    /// Its one-line description: the first line's `# title: ...`.
    pub fn title(&self) -> &'static str {
        self.text
            .lines()
            .next()
            .and_then(|l| l.strip_prefix(crate::shell::replay::TITLE))
            .map_or("", str::trim)
    }
}

macro_rules! demos {
    ($($name:literal),* $(,)?) => {
        /// Every demo, in the order `riex demo` lists them.
        pub const DEMOS: &[Demo] = &[$(Demo {
            name: $name,
            text: include_str!(concat!("../../../scripts/demos/", $name, ".iex")),
        }),*];
    };
}

demos![
    "trains",
    "workers",
    "redis",
    "kv",
    "one_for_one",
    "one_for_all",
    "rest_for_one",
    "restart_intensity",
    "links_vs_monitors",
    "shell_death",
];

#[cfg(test)]
mod tests {
    use super::*;

    /// A demo file added to the folder is one `riex demo` offers.
    #[test]
    fn every_file_in_the_demos_folder_is_listed() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/demos");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .expect("the demos folder")
            .filter_map(|e| {
                let name = e.ok()?.file_name().into_string().ok()?;
                name.strip_suffix(".iex").map(str::to_owned)
            })
            .collect();
        files.sort();
        let mut listed: Vec<&str> = DEMOS.iter().map(|d| d.name).collect();
        listed.sort();
        assert_eq!(files, listed);
    }
}
