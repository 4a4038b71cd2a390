/*
 * Copyright 2026 the Quarry authors.
 * SPDX-License-Identifier: Apache-2.0
 */
package dev.quarry.cli;

import dev.quarry.core.NativeCalls;
import dev.quarry.core.data.DataFormatException;
import dev.quarry.onnx.ModelKind;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.logging.Level;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code quarry} command. Exit codes: 0 on success; 2 on bad usage (an unknown option, a value or setting that
 * cannot be used, an output that may not be replaced: nothing was done); 1 on failure (bad data, I/O); 130/143 when
 * interrupted. Every error is one line on standard error starting {@value #PREFIX}. Results go to standard output;
 * configuration, progress and throughput to standard error.
 */
@Command(name = "quarry",
    description = "Dense and sparse retrieval on the JVM: index, search, fuse, evaluate, train, rerank, distill,"
        + " reproduce and serve.",
    mixinStandardHelpOptions = true,
    versionProvider = Quarry.Version.class,
    subcommands = {IndexCommand.class, SearchCommand.class, EvalCommand.class, EvaluateCommand.class,
        FuseCommand.class, ModelsCommand.class, TrainCommand.class, RerankCommand.class, DistillCommand.class,
        PretrainCommand.class, ReproduceCommand.class, CacheCommand.class, ServeCommand.class, SparkCommand.class, PublishCommand.class,
        CommandLine.HelpCommand.class})
public final class Quarry implements Runnable {
  /** Held so that java.util.logging keeps the level (it references loggers weakly). */
  private static final java.util.logging.Logger LUCENE_LOG = java.util.logging.Logger.getLogger("org.apache.lucene");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed");
  }

  public static void main(String[] args) {
    // Lucene logs through java.util.logging that SIMD is on; that is expected, not news.
    LUCENE_LOG.setLevel(Level.WARNING);
    NativeCalls.handleSignals();
    NativeCalls.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs one command line and returns its exit code. */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new Quarry());
    cli.setOut(out);
    cli.setErr(err);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.registerConverter(ModelKind.class, ModelKind::parse);
    cli.setParameterExceptionHandler((e, argv) -> {
      CommandLine cmd = e.getCommandLine();
      cmd.getErr().println(PREFIX + e.getMessage());
      if (e instanceof CommandLine.UnmatchedArgumentException unmatched) {
        CommandLine.UnmatchedArgumentException.printSuggestions(unmatched, cmd.getErr());
      }
      return usage(cmd);
    });
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      cmd.getErr().println(PREFIX + describe(e));
      if (System.getenv("QUARRY_DEBUG") != null) {
        e.printStackTrace(cmd.getErr());
      }
      return e instanceof UsageException ? usage(cmd) : 1;
    });
    return cli.execute(args);
  }

  /** How every error line starts, usage and failure alike. */
  static final String PREFIX = "quarry: error: ";

  /** Bad usage: where to read how it goes, and exit status 2. */
  private static int usage(CommandLine cmd) {
    cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
    return 2;
  }

  /** One line for the user: our own messages as they are, anything unexpected with its type. */
  static String describe(Throwable e) {
    if (e instanceof OutOfMemoryError) {
      return "out of memory; give the JVM more with QUARRY_JAVA_OPTS=-Xmx<size> or lower --threads";
    }
    if (e instanceof IllegalArgumentException || e instanceof DataFormatException || e instanceof UsageException
        || e instanceof UncheckedIOException || e instanceof IllegalStateException) {
      return e.getMessage();
    }
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message)
        + " (set QUARRY_DEBUG=1 for the stack trace)";
  }

  /** The version from the jar's manifest and the commit it was built from ({@code quarry-git.properties}). */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws java.io.IOException {
      String version = Quarry.class.getPackage().getImplementationVersion();
      java.util.Properties git = new java.util.Properties();
      try (java.io.InputStream in = Quarry.class.getResourceAsStream("/quarry-git.properties")) {
        if (in != null) {
          git.load(in);
        }
      }
      String commit = git.getProperty("git.commit.id.abbrev");
      String built = commit == null ? "" : ", commit " + commit + ("true".equals(git.getProperty("git.dirty"))
          ? " with uncommitted changes" : "") + " of " + git.getProperty("git.commit.time");
      return new String[] {"quarry " + (version == null ? "(development build)" : version) + built,
          "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
    }
  }
}
