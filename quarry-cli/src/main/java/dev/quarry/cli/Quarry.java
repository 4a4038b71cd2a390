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
 * The {@code quarry} command. Exit codes: 0 on success, 2 on bad usage, 1 on failure, with one clear line on
 * standard error. Results go to standard output; configuration, progress and throughput to standard error.
 */
@Command(name = "quarry",
    description = "Dense and sparse retrieval on the JVM: index, search, fuse, evaluate, train, rerank, distill,"
        + " reproduce and serve.",
    mixinStandardHelpOptions = true,
    versionProvider = Quarry.Version.class,
    subcommands = {IndexCommand.class, SearchCommand.class, EvalCommand.class, EvaluateCommand.class,
        FuseCommand.class, ModelsCommand.class, TrainCommand.class, RerankCommand.class, DistillCommand.class,
        ReproduceCommand.class, ServeCommand.class,
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
      cmd.getErr().println("quarry: " + e.getMessage());
      cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
      return 2;
    });
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      cmd.getErr().println("quarry: error: " + describe(e));
      if (System.getenv("QUARRY_DEBUG") != null) {
        e.printStackTrace(cmd.getErr());
      }
      return 1;
    });
    return cli.execute(args);
  }

  /** One line for the user: our own messages as they are, anything unexpected with its type. */
  static String describe(Throwable e) {
    if (e instanceof OutOfMemoryError) {
      return "out of memory; give the JVM more with QUARRY_JAVA_OPTS=-Xmx<size> or lower --threads";
    }
    if (e instanceof IllegalArgumentException || e instanceof DataFormatException
        || e instanceof UncheckedIOException || e instanceof IllegalStateException) {
      return e.getMessage();
    }
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message)
        + " (set QUARRY_DEBUG=1 for the stack trace)";
  }

  /** The version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Quarry.class.getPackage().getImplementationVersion();
      return new String[] {"quarry " + (version == null ? "(development build)" : version),
          "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
    }
  }
}
