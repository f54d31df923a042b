// A stand-in for the original's Go consumers in tests: one kafka-go v0.4.48 reader configured as
// the original's services configure theirs (consumer group, MinBytes 1, MaxBytes 10e6, MaxWait
// 100 ms, CommitInterval 50 ms, kafka-go's default group balancers range and roundrobin,
// ReadMessage). It prints one JSON line per message read to stdout, and with -forward-send-ticket
// does what the original's clients service does with a PAYMENT_SUCCEEDED message: publish the
// SEND_TICKET message (the client table is left out). SIGTERM or SIGINT closes the reader, which
// commits what was read and leaves the group.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/google/uuid"
	"github.com/segmentio/kafka-go"
)

type line struct {
	Partition int    `json:"partition"`
	Offset    int64  `json:"offset"`
	Key       string `json:"key"`
	Value     string `json:"value"`
}

// The original's PAYMENT_SUCCEEDED message (snake_case) and the SEND_TICKET it makes of it.
type paymentSucceeded struct {
	UserName         string `json:"user_name"`
	UserEmail        string `json:"user_email"`
	EventID          string `json:"event_id"`
	EventName        string `json:"event_name"`
	EventDescription string `json:"event_description"`
	EventImageURL    string `json:"event_image_url"`
	UserLanguage     string `json:"user_language"`
}

type sendTicket struct {
	Name             string `json:"name"`
	Email            string `json:"email"`
	EventID          string `json:"eventId"`
	EventName        string `json:"eventName"`
	EventDescription string `json:"eventDescription"`
	EventImageURL    string `json:"eventImageUrl"`
	Language         string `json:"language"`
}

func main() {
	brokers := flag.String("brokers", "127.0.0.1:9092", "comma-separated Kafka brokers")
	group := flag.String("group", "", "consumer group id")
	topic := flag.String("topic", "", "topic to consume")
	forward := flag.String("forward-send-ticket", "", "topic to publish SEND_TICKET messages to")
	flag.Parse()
	if *group == "" || *topic == "" {
		fmt.Fprintln(os.Stderr, "-group and -topic are required")
		os.Exit(2)
	}
	addrs := strings.Split(*brokers, ",")

	reader := kafka.NewReader(kafka.ReaderConfig{
		Brokers:        addrs,
		GroupID:        *group,
		Topic:          *topic,
		MinBytes:       1,
		MaxBytes:       10e6,
		MaxWait:        100 * time.Millisecond,
		CommitInterval: 50 * time.Millisecond,
		// Logging only (the original sets none): the test reads the joins from stderr.
		Logger:      kafka.LoggerFunc(logTo("kafka-go: ")),
		ErrorLogger: kafka.LoggerFunc(logTo("kafka-go error: ")),
	})
	var writer *kafka.Writer
	if *forward != "" {
		writer = &kafka.Writer{Addr: kafka.TCP(addrs...), Balancer: &kafka.LeastBytes{}}
	}

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		defer close(done)
		out := json.NewEncoder(os.Stdout)
		for {
			msg, err := reader.ReadMessage(context.Background())
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				fmt.Fprintf(os.Stderr, "read error: %v\n", err)
				continue
			}
			if writer != nil {
				if err := forwardSendTicket(writer, *forward, msg.Value); err != nil {
					fmt.Fprintf(os.Stderr, "forward error: %v\n", err)
				}
			}
			_ = out.Encode(line{Partition: msg.Partition, Offset: msg.Offset, Key: string(msg.Key), Value: string(msg.Value)})
		}
	}()

	<-stop
	// Close commits the offsets read so far and leaves the group, as the original's shutdown does.
	if err := reader.Close(); err != nil {
		fmt.Fprintf(os.Stderr, "close error: %v\n", err)
	}
	<-done
	if writer != nil {
		_ = writer.Close()
	}
}

func logTo(prefix string) func(string, ...interface{}) {
	return func(msg string, args ...interface{}) {
		fmt.Fprintf(os.Stderr, prefix+msg+"\n", args...)
	}
}

func forwardSendTicket(writer *kafka.Writer, topic string, value []byte) error {
	var in paymentSucceeded
	if err := json.Unmarshal(value, &in); err != nil {
		return err
	}
	if in.UserEmail == "" || in.EventID == "" {
		return errors.New("email and eventId are required")
	}
	out, err := json.Marshal(sendTicket{
		Name:             in.UserName,
		Email:            in.UserEmail,
		EventID:          in.EventID,
		EventName:        in.EventName,
		EventDescription: in.EventDescription,
		EventImageURL:    in.EventImageURL,
		Language:         in.UserLanguage,
	})
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return writer.WriteMessages(ctx, kafka.Message{Topic: topic, Key: []byte(uuid.NewString()), Value: out, Time: time.Now()})
}
