"""nacre_executable: a WebAssembly module compiled ahead of time by nacre.

The action's inputs are the module, the nacre binary and the runtime
archives (a folder holding <target>/libnacre_runtime.a and
<target>/libnacre_wasi.a), all declared; its output depends on nothing
else (no host CPU sniffing, no paths, no timestamps), so Bazel can run it
in a sandbox or on a remote executor and share the result through a
remote cache.
"""

_ARCHIVES = ["libnacre_runtime.a", "libnacre_wasi.a"]

def _runtime_dir(files, target):
    """The folder above <target>/ that holds the runtime archives."""
    for f in files:
        parts = f.path.split("/")
        if len(parts) >= 2 and parts[-1] == _ARCHIVES[0] and parts[-2] == target:
            return "/".join(parts[:-2])
    fail("runtime has no %s/%s" % (target, _ARCHIVES[0]))

def _nacre_executable_impl(ctx):
    out = ctx.actions.declare_file(ctx.label.name)
    runtime = [f for f in ctx.files.runtime if f.dirname.endswith("/" + ctx.attr.target)]
    args = ctx.actions.args()
    args.add("build")
    args.add(ctx.file.src)
    args.add("-o", out)
    args.add("--target=" + ctx.attr.target)
    args.add("--runtime-dir=" + _runtime_dir(runtime, ctx.attr.target))
    args.add_all(ctx.attr.opts)
    ctx.actions.run(
        executable = ctx.executable.nacre,
        arguments = [args],
        inputs = [ctx.file.src] + runtime,
        outputs = [out],
        mnemonic = "Nacre",
        progress_message = "nacre build %s (%s)" % (ctx.label, ctx.attr.target),
        # No environment of the user's: nacre reads none that changes its
        # output, and a remote executor would not have it.
        env = {},
    )
    return [DefaultInfo(files = depset([out]), executable = out)]

nacre_executable = rule(
    implementation = _nacre_executable_impl,
    executable = True,
    doc = "A static executable of a WASI command module, built by nacre.",
    attrs = {
        "src": attr.label(allow_single_file = [".wasm"], mandatory = True, doc = "the module"),
        "target": attr.string(
            default = "x86_64",
            values = ["x86_64", "aarch64", "riscv64"],
            doc = "the machine it runs on (never the build machine's by default)",
        ),
        "opts": attr.string_list(doc = "more nacre build options: -O2, --bounds=explicit, --dir, --env, ..."),
        "nacre": attr.label(
            default = "//tools:nacre",
            executable = True,
            cfg = "exec",
            allow_single_file = True,
            doc = "the compiler",
        ),
        "runtime": attr.label(default = "//tools:runtime", allow_files = True, doc = "the runtime archives"),
    },
)
