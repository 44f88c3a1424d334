// A real SMTP server for the tests: listens on 127.0.0.1 on a free port, accepts any mail (and the
// test's user/password over plain AUTH), parses each message with mailparser and writes it as one JSON line to
// stdout. The first line is {"port": N}. Stops when stdin closes (the test process ended).
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';

const server = new SMTPServer({
  secure: false,
  disabledCommands: ['STARTTLS'],
  allowInsecureAuth: true,
  authOptional: true,
  logger: false,
  onAuth(auth, session, callback) {
    if (auth.username === 'reminder' && auth.password === 's3cret') return callback(null, { user: auth.username });
    return callback(new Error('Invalid username or password'));
  },
  onData(stream, session, callback) {
    simpleParser(stream)
      .then(mail => {
        process.stdout.write(JSON.stringify({
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          from: mail.from?.value ?? [],
          to: mail.to?.value ?? [],
          messageId: mail.messageId,
          contentType: mail.headers.get('content-type')?.value ?? '',
          user: session.user ?? null,
          rcptTo: session.envelope.rcptTo.map(r => r.address),
        }) + '\n');
        callback();
      })
      .catch(err => callback(err));
  },
});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: server.server.address().port }) + '\n');
});
process.stdin.on('end', () => server.close(() => process.exit(0)));
process.stdin.resume();
