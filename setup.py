"""Ships the bundled question banks inside the package (as `bot/questions/`).

The banks live in `questions/` at the top of the repository, where users edit them; a wheel
carries only packages, so building one copies them in. An editable install reads them from the
clone instead (bot.settings.default_bank_dir).
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

BANK_FILES = ("*.yaml", "*.yml", "schema.json", "README.md", "sources/*")


class BuildWithBanks(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        source = Path(__file__).resolve().parent / "questions"
        target = Path(self.build_lib) / "bot" / "questions"
        for pattern in BANK_FILES:
            for path in sorted(source.glob(pattern)):
                if path.is_file():
                    self.mkpath(str((target / path.relative_to(source)).parent))
                    self.copy_file(str(path), str(target / path.relative_to(source)), preserve_mode=False)


setup(cmdclass={"build_py": BuildWithBanks})
