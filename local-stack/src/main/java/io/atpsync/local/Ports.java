package io.atpsync.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Port checks on the loopback interface, so a taken port is a clear error instead of a hung start. */
public final class Ports {

    public static final String HOST = "127.0.0.1";

    private Ports() {}

    /** Fails with a message naming the port and its purpose when something already listens there. */
    public static void requireFree(int port, String purpose, String option) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true); // TIME_WAIT is not "in use": only a listener is
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
        } catch (IOException e) {
            throw new IllegalStateException("port " + port + " on " + HOST + " (" + purpose + ") is already in use; "
                    + "stop what holds it or choose another with " + option);
        }
    }

    /** True when something accepts connections on the port. */
    public static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A port that was free a moment ago (for tests). */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port on " + HOST, e);
        }
    }
}
