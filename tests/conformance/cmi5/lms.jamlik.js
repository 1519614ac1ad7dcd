/*
    Jämlik's LMS library for ADL's cmi5 LMS test suite (CATAPULT's lts/, docs/cmi5.md).
    The suite calls these functions to import its packages, launch AUs, waive and abandon; each
    one runs a `jamlik` command against the server's own database (JAMLIK_* in the environment,
    the same as the server under test). Our own code, written against lts/lib/lms.template.js.
*/
"use strict";
const {execFileSync} = require("child_process"),
    fs = require("fs"),
    os = require("os"),
    path = require("path"),
    {InvalidPackageError} = require(path.join(process.env.CATAPULT_LTS, "lib", "errors"));

const python = process.env.JAMLIK_PYTHON,
    site = process.env.JAMLIK_SITE_URL.replace(/\/$/, "");

function jamlik (...args) {
    return execFileSync(python, ["-m", "jamlik", ...args], {encoding: "utf-8", stdio: ["ignore", "pipe", "pipe"]}).trim();
}

function learner (actor) {
    const name = ((actor.account && actor.account.name) || "learner").toLowerCase().replace(/[^a-z0-9]+/g, "-");
    return `lts-${name}@example.org`;
}

module.exports = {
    setup: async () => {},
    teardown: async () => {},
    getLrsEndpoint: () => `${site}/xapi`,
    getLrsAuthHeader: () => `Basic ${Buffer.from(`${process.env.LRS_KEY}:${process.env.LRS_SECRET}`).toString("base64")}`,

    importCourse: async (stream, contentType, filename) => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "jamlik-lts-")),
            file = path.join(dir, filename);
        await new Promise((resolve, reject) => {
            const out = fs.createWriteStream(file);
            stream.pipe(out);
            out.on("finish", resolve);
            out.on("error", reject);
            stream.on("error", reject);
        });
        const answer = JSON.parse(jamlik("cmi5-import", file, "--publish", "--json"));
        fs.rmSync(dir, {recursive: true, force: true});
        if (! answer.imported) {
            throw new InvalidPackageError(answer.problems.join("; "));
        }
        return answer.version;
    },

    getLaunchUrl: async (courseId, auIndex, actor, {registration, launchMode} = {}) => {
        const email = learner(actor);
        // The suite's learners exist only on this test server: made directly, as a fixture is, and
        // added as learners of the first organisation (an imported course is open to every
        // organisation's members; the registration belongs to the learner's organisation).
        jamlik("shell", "-c", [
            "from jamlik.people.actions import add_member",
            "from jamlik.people.models import Membership, Organisation, User",
            `user = User.objects.filter(email=${JSON.stringify(email)}).first() or User.objects.create_user(email=${JSON.stringify(email)})`,
            "Membership.objects.current().filter(user=user).exists() or add_member(None, Organisation.objects.order_by('pk').first(), user)"
        ].join("\n"));
        const args = ["cmi5-launch", courseId, String(auIndex), email, "--json", "--return-url", `${site}/`];
        if (launchMode) {
            args.push("--launch-mode", launchMode);
        }
        const answer = JSON.parse(jamlik(...args));
        if (registration && registration !== answer.registration) {
            throw new Error(`expected registration ${registration}, launched ${answer.registration}`);
        }
        return answer.url;
    },

    cleanup: async () => {},
    hasWaive: () => true,
    waiveAU: async (registration, auIndex, reason) => {
        jamlik("cmi5-waive", registration, String(auIndex), reason);
    },
    hasAbandon: () => true,
    abandonSession: async (sessionId) => {
        jamlik("cmi5-abandon", sessionId);
    }
};
