package fi.strategygraph.neo4j;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

/**
 * Starts Neo4j Community embedded, with only the Bolt connector, bound to 127.0.0.1.
 *
 * <pre>
 *   java -cp 'target/classes:target/lib/*' fi.strategygraph.neo4j.Launcher --port 7687 --data ./.data/neo4j
 * </pre>
 *
 * Contract with the process that starts it (src/db/embedded.ts):
 * <ul>
 *   <li>When Bolt accepts connections it prints exactly one line to stdout:
 *       {@code NEO4J_READY bolt://127.0.0.1:<port>}. Everything else goes to stderr or the log
 *       file in the data directory.</li>
 *   <li>SIGTERM and SIGINT shut the database down cleanly (a JVM shutdown hook).</li>
 *   <li>It never outlives its parent: it shuts down when its standard input reaches end of file
 *       (the parent's end of the pipe closed, as it does when the parent dies, even by SIGKILL)
 *       and, as a second guard, when the parent process is no longer alive.</li>
 * </ul>
 * Authentication is off: the database listens on the loopback interface only, and is meant for
 * one developer's machine or one test run. Point NEO4J_URI at a real server for anything else.
 */
public final class Launcher {

    private Launcher() {}

    public static void main(String[] args) throws Exception {
        int port = 7687;
        Path data = Path.of(".data", "neo4j");
        String pageCache = "256m";
        boolean watchStdin = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(requireValue(args, ++i, "--port"));
                case "--data" -> data = Path.of(requireValue(args, ++i, "--data"));
                case "--page-cache" -> pageCache = requireValue(args, ++i, "--page-cache");
                case "--no-stdin-watch" -> watchStdin = false;
                default -> {
                    System.err.println("unknown argument: " + args[i]
                            + "\nusage: Launcher [--port N] [--data DIR] [--page-cache 256m] [--no-stdin-watch]");
                    System.exit(2);
                }
            }
        }

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(data.toAbsolutePath())
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.parse(pageCache))
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean shuttingDown = new AtomicBoolean(false);
        Runnable shutdown = () -> {
            if (shuttingDown.compareAndSet(false, true)) {
                try {
                    dbms.shutdown();
                } finally {
                    stopped.countDown();
                }
            }
        };
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            shutdown.run();
            awaitQuietly(stopped);
        }, "neo4j-shutdown"));

        // The default database must be available before we announce readiness.
        dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME).executeTransactionally("RETURN 1");
        System.out.println("NEO4J_READY bolt://127.0.0.1:" + port);
        System.out.flush();

        if (watchStdin) {
            daemon("stdin-watch", () -> {
                drain(System.in);
                System.err.println("launcher: parent closed stdin, shutting down");
                System.exit(0);
            });
        }
        Optional<ProcessHandle> parent = ProcessHandle.current().parent();
        parent.ifPresent(p -> daemon("parent-watch", () -> {
            while (p.isAlive()) {
                sleep(Duration.ofSeconds(1));
            }
            System.err.println("launcher: parent process " + p.pid() + " is gone, shutting down");
            System.exit(0);
        }));

        stopped.await();
    }

    private static String requireValue(String[] args, int i, String flag) {
        if (i >= args.length) {
            System.err.println(flag + " needs a value");
            System.exit(2);
        }
        return args[i];
    }

    private static void drain(InputStream in) {
        byte[] buf = new byte[256];
        try {
            while (in.read(buf) >= 0) {
                // discard: the pipe only tells us the parent is alive
            }
        } catch (IOException ignored) {
            // a broken pipe means the same as end of file
        }
    }

    private static void daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
