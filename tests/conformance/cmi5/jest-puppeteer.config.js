// Debian's Chromium, headless, for the CATAPULT LMS suite run (docs/cmi5.md).
module.exports = {
    launch: {
        headless: true,
        executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
        args: ["--no-sandbox", "--disable-dev-shm-usage"]
    }
};
